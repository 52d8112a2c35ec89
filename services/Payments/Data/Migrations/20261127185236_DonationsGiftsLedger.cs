using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class DonationsGiftsLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_ledger_entries_account_user_id",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "idx_ledger_entries_reference",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "reference_type",
                table: "ledger_entries");

            migrationBuilder.RenameColumn(
                name: "user_id",
                table: "ledger_entries",
                newName: "channel_id");

            migrationBuilder.RenameColumn(
                name: "reference_id",
                table: "ledger_entries",
                newName: "transaction_id");

            migrationBuilder.AddColumn<string>(
                name: "event_type",
                table: "processed_webhook_events",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "account",
                table: "ledger_entries",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100);

            migrationBuilder.AlterColumn<string>(
                name: "gift_type",
                table: "gifts",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(50)",
                oldMaxLength: 50,
                oldNullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "channel_id",
                table: "gifts",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "client_secret",
                table: "gifts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "completed_at",
                table: "gifts",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "gifts",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "gifter_name",
                table: "gifts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "gifts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "payment_intent_id",
                table: "gifts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "quantity",
                table: "gifts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "recipient_name",
                table: "gifts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_hash",
                table: "gifts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "gifts",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "unit_price_cents",
                table: "gifts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "client_secret",
                table: "donations",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "completed_at",
                table: "donations",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "donor_name",
                table: "donations",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "donations",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "payment_intent_id",
                table: "donations",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_hash",
                table: "donations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "channel_balances",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    pending_cents = table.Column<long>(type: "bigint", nullable: false),
                    available_cents = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_balances", x => new { x.channel_id, x.currency });
                });

            migrationBuilder.CreateTable(
                name: "channel_bans",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    banned_until = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    is_lifted = table.Column<bool>(type: "boolean", nullable: false),
                    changed_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_bans", x => new { x.channel_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "channel_replicas",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_replicas", x => x.channel_id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_transactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    source_id = table.Column<Guid>(type: "uuid", nullable: true),
                    related_transaction_id = table.Column<Guid>(type: "uuid", nullable: true),
                    occurred_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    hold_until = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_transactions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "revenue_shares",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    creator_share_basis_points = table.Column<int>(type: "integer", nullable: false),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revenue_shares", x => new { x.channel_id, x.kind });
                    table.CheckConstraint("ck_revenue_shares_range", "creator_share_basis_points BETWEEN 0 AND 10000");
                });

            migrationBuilder.CreateTable(
                name: "stream_replicas",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_replicas", x => x.stream_id);
                });

            migrationBuilder.CreateIndex(
                name: "idx_ledger_entries_channel_account",
                table: "ledger_entries",
                columns: new[] { "channel_id", "account" });

            migrationBuilder.CreateIndex(
                name: "idx_ledger_entries_transaction_id",
                table: "ledger_entries",
                column: "transaction_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ledger_entries_amount",
                table: "ledger_entries",
                sql: "amount_cents <> 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_ledger_entries_channel",
                table: "ledger_entries",
                sql: "(account IN ('creator_pending', 'creator_available')) = (channel_id IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "idx_gifts_channel_id",
                table: "gifts",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "idx_gifts_payment_intent_id",
                table: "gifts",
                column: "payment_intent_id");

            migrationBuilder.CreateIndex(
                name: "ux_gifts_gifter_idempotency_key",
                table: "gifts",
                columns: new[] { "gifter_id", "idempotency_key" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_gifts_amount",
                table: "gifts",
                sql: "quantity > 0 AND amount_cents = quantity * unit_price_cents");

            migrationBuilder.AddCheckConstraint(
                name: "ck_gifts_status",
                table: "gifts",
                sql: "status IN ('pending', 'failed', 'completed')");

            migrationBuilder.CreateIndex(
                name: "idx_donations_payment_intent_id",
                table: "donations",
                column: "payment_intent_id");

            migrationBuilder.CreateIndex(
                name: "ux_donations_donor_idempotency_key",
                table: "donations",
                columns: new[] { "donor_id", "idempotency_key" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_donations_status",
                table: "donations",
                sql: "status IN ('pending', 'failed', 'completed')");

            migrationBuilder.CreateIndex(
                name: "idx_channel_replicas_slug",
                table: "channel_replicas",
                column: "slug");

            migrationBuilder.CreateIndex(
                name: "idx_ledger_transactions_channel_occurred",
                table: "ledger_transactions",
                columns: new[] { "channel_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "idx_ledger_transactions_hold_until",
                table: "ledger_transactions",
                column: "hold_until",
                filter: "hold_until IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_ledger_transactions_business_key",
                table: "ledger_transactions",
                column: "business_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_ledger_transactions_release_of",
                table: "ledger_transactions",
                column: "related_transaction_id",
                unique: true,
                filter: "kind = 'release'");

            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_ledger_transactions_transaction_id",
                table: "ledger_entries",
                column: "transaction_id",
                principalTable: "ledger_transactions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.Sql(LedgerGuarantees.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(LedgerGuarantees.Drop);

            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_ledger_transactions_transaction_id",
                table: "ledger_entries");

            migrationBuilder.DropTable(
                name: "channel_balances");

            migrationBuilder.DropTable(
                name: "channel_bans");

            migrationBuilder.DropTable(
                name: "channel_replicas");

            migrationBuilder.DropTable(
                name: "ledger_transactions");

            migrationBuilder.DropTable(
                name: "revenue_shares");

            migrationBuilder.DropTable(
                name: "stream_replicas");

            migrationBuilder.DropIndex(
                name: "idx_ledger_entries_channel_account",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "idx_ledger_entries_transaction_id",
                table: "ledger_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ledger_entries_amount",
                table: "ledger_entries");

            migrationBuilder.DropCheckConstraint(
                name: "ck_ledger_entries_channel",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "idx_gifts_channel_id",
                table: "gifts");

            migrationBuilder.DropIndex(
                name: "idx_gifts_payment_intent_id",
                table: "gifts");

            migrationBuilder.DropIndex(
                name: "ux_gifts_gifter_idempotency_key",
                table: "gifts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_gifts_amount",
                table: "gifts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_gifts_status",
                table: "gifts");

            migrationBuilder.DropIndex(
                name: "idx_donations_payment_intent_id",
                table: "donations");

            migrationBuilder.DropIndex(
                name: "ux_donations_donor_idempotency_key",
                table: "donations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_donations_status",
                table: "donations");

            migrationBuilder.DropColumn(
                name: "event_type",
                table: "processed_webhook_events");

            migrationBuilder.DropColumn(
                name: "channel_id",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "client_secret",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "completed_at",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "gifter_name",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "payment_intent_id",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "quantity",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "recipient_name",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "request_hash",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "status",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "unit_price_cents",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "client_secret",
                table: "donations");

            migrationBuilder.DropColumn(
                name: "completed_at",
                table: "donations");

            migrationBuilder.DropColumn(
                name: "donor_name",
                table: "donations");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "donations");

            migrationBuilder.DropColumn(
                name: "payment_intent_id",
                table: "donations");

            migrationBuilder.DropColumn(
                name: "request_hash",
                table: "donations");

            migrationBuilder.RenameColumn(
                name: "transaction_id",
                table: "ledger_entries",
                newName: "reference_id");

            migrationBuilder.RenameColumn(
                name: "channel_id",
                table: "ledger_entries",
                newName: "user_id");

            migrationBuilder.AlterColumn<string>(
                name: "account",
                table: "ledger_entries",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(50)",
                oldMaxLength: 50);

            migrationBuilder.AddColumn<DateTime>(
                name: "created_at",
                table: "ledger_entries",
                type: "timestamp without time zone",
                nullable: false,
                defaultValueSql: "CURRENT_TIMESTAMP");

            migrationBuilder.AddColumn<string>(
                name: "reference_type",
                table: "ledger_entries",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "gift_type",
                table: "gifts",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(50)",
                oldMaxLength: 50);

            migrationBuilder.CreateIndex(
                name: "idx_ledger_entries_account_user_id",
                table: "ledger_entries",
                columns: new[] { "account", "user_id" });

            migrationBuilder.CreateIndex(
                name: "idx_ledger_entries_reference",
                table: "ledger_entries",
                columns: new[] { "reference_type", "reference_id" });
        }
    }
}

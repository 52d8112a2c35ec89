using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreatorPayouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_payouts_user_id",
                table: "payouts");

            migrationBuilder.AlterColumn<DateOnly>(
                name: "period_end",
                table: "payouts",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "amount_cents",
                table: "payouts",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<Guid>(
                name: "channel_id",
                table: "payouts",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "failure_code",
                table: "payouts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stripe_account_id",
                table: "payouts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "stripe_transfer_id",
                table: "payouts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "payouts",
                type: "timestamp without time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "payout_accounts",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stripe_account_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    details_submitted = table.Column<bool>(type: "boolean", nullable: false),
                    payouts_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    status_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payout_accounts", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "idx_payouts_user_id",
                table: "payouts",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_payouts_channel_period",
                table: "payouts",
                columns: new[] { "channel_id", "currency", "period_end" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_payouts_stripe_payout_id",
                table: "payouts",
                column: "stripe_payout_id",
                unique: true,
                filter: "stripe_payout_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_payouts_amount",
                table: "payouts",
                sql: "amount_cents > 0");

            migrationBuilder.CreateIndex(
                name: "ux_payout_accounts_stripe_account_id",
                table: "payout_accounts",
                column: "stripe_account_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payout_accounts");

            migrationBuilder.DropIndex(
                name: "idx_payouts_user_id",
                table: "payouts");

            migrationBuilder.DropIndex(
                name: "ux_payouts_channel_period",
                table: "payouts");

            migrationBuilder.DropIndex(
                name: "ux_payouts_stripe_payout_id",
                table: "payouts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_payouts_amount",
                table: "payouts");

            migrationBuilder.DropColumn(
                name: "channel_id",
                table: "payouts");

            migrationBuilder.DropColumn(
                name: "failure_code",
                table: "payouts");

            migrationBuilder.DropColumn(
                name: "stripe_account_id",
                table: "payouts");

            migrationBuilder.DropColumn(
                name: "stripe_transfer_id",
                table: "payouts");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "payouts");

            migrationBuilder.AlterColumn<DateOnly>(
                name: "period_end",
                table: "payouts",
                type: "date",
                nullable: true,
                oldClrType: typeof(DateOnly),
                oldType: "date");

            migrationBuilder.AlterColumn<int>(
                name: "amount_cents",
                table: "payouts",
                type: "integer",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.CreateIndex(
                name: "idx_payouts_user_id",
                table: "payouts",
                column: "user_id");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerChargeIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "charge_id",
                table: "ledger_transactions",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "idx_ledger_transactions_charge_id",
                table: "ledger_transactions",
                column: "charge_id",
                filter: "charge_id IS NOT NULL");

            // Payments booked before this column existed learn their charge from their purchase row. The one sanctioned
            // write to existing ledger rows: the append-only trigger is set aside for this statement only.
            migrationBuilder.Sql("""
                ALTER TABLE ledger_transactions DISABLE TRIGGER ledger_transactions_append_only;
                UPDATE ledger_transactions t SET charge_id = d.stripe_charge_id
                FROM donations d WHERE t.source_type = 'donation' AND t.source_id = d.id AND t.kind = 'donation';
                UPDATE ledger_transactions t SET charge_id = g.stripe_charge_id
                FROM gifts g WHERE t.source_type = 'gift' AND t.source_id = g.id AND t.kind = 'gift';
                ALTER TABLE ledger_transactions ENABLE TRIGGER ledger_transactions_append_only;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_ledger_transactions_charge_id",
                table: "ledger_transactions");

            migrationBuilder.DropColumn(
                name: "charge_id",
                table: "ledger_transactions");
        }
    }
}

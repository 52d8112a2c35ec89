using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class BulkMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_mail_outbox_due",
                table: "mail_outbox");

            migrationBuilder.AddColumn<bool>(
                name: "bulk",
                table: "mail_outbox",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_mail_outbox_due",
                table: "mail_outbox",
                columns: new[] { "bulk", "next_attempt_at" },
                filter: "sent_at IS NULL AND failed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_mail_outbox_due",
                table: "mail_outbox");

            migrationBuilder.DropColumn(
                name: "bulk",
                table: "mail_outbox");

            migrationBuilder.CreateIndex(
                name: "ix_mail_outbox_due",
                table: "mail_outbox",
                column: "next_attempt_at",
                filter: "sent_at IS NULL AND failed_at IS NULL");
        }
    }
}

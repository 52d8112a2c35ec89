using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class GiftedSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "gift_id",
                table: "subscriptions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "gifter_id",
                table: "subscriptions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "unplaced_count",
                table: "gifts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "unplaced_refund_id",
                table: "gifts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "idx_subscriptions_gifted_running",
                table: "subscriptions",
                column: "renewal_date",
                filter: "gift_id IS NOT NULL AND status = 'active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_subscriptions_gifted_running",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "gift_id",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "gifter_id",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "unplaced_count",
                table: "gifts");

            migrationBuilder.DropColumn(
                name: "unplaced_refund_id",
                table: "gifts");
        }
    }
}

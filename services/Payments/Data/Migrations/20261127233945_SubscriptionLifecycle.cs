using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "client_secret",
                table: "subscriptions",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "renewal_date",
                table: "subscriptions",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subscriber_name",
                table: "subscriptions",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "payment_customers",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stripe_customer_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_customers", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_subscriptions_live_per_channel",
                table: "subscriptions",
                columns: new[] { "subscriber_id", "channel_id" },
                unique: true,
                filter: "status IN ('incomplete', 'active', 'past_due')");

            migrationBuilder.CreateIndex(
                name: "ux_subscriptions_stripe_subscription_id",
                table: "subscriptions",
                column: "stripe_subscription_id",
                unique: true,
                filter: "stripe_subscription_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_customers");

            migrationBuilder.DropIndex(
                name: "ux_subscriptions_live_per_channel",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ux_subscriptions_stripe_subscription_id",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "client_secret",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "renewal_date",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "subscriber_name",
                table: "subscriptions");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uplink.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BotRuntime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "unreachable_since",
                table: "members",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "bot_state",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bot_state", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "bot_webhook_updates",
                columns: table => new
                {
                    bot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    update_id = table.Column<int>(type: "INTEGER", nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    handled_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bot_webhook_updates", x => new { x.bot_id, x.update_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_bot_webhook_updates_received_at",
                table: "bot_webhook_updates",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bot_state");

            migrationBuilder.DropTable(
                name: "bot_webhook_updates");

            migrationBuilder.DropColumn(
                name: "unreachable_since",
                table: "members");
        }
    }
}

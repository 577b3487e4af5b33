using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uplink.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Events : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_conversations",
                columns: table => new
                {
                    telegram_user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    draft = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_conversations", x => x.telegram_user_id);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: true),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    place = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    link = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    image_url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "event_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    member_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    stamp = table.Column<long>(type: "INTEGER", nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_event_notices_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_notices_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_rsvps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    member_id = table.Column<long>(type: "INTEGER", nullable: false),
                    going = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_rsvps", x => x.id);
                    table.ForeignKey(
                        name: "fk_event_rsvps_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_rsvps_members_member_id",
                        column: x => x.member_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_conversations_updated_at",
                table: "event_conversations",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_event_notices_event_id_member_id_kind_stamp",
                table: "event_notices",
                columns: new[] { "event_id", "member_id", "kind", "stamp" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_notices_member_id",
                table: "event_notices",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_rsvps_event_id_member_id",
                table: "event_rsvps",
                columns: new[] { "event_id", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_rsvps_member_id",
                table: "event_rsvps",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_source_external_id",
                table: "events",
                columns: new[] { "source", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_status_starts_at",
                table: "events",
                columns: new[] { "status", "starts_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_conversations");

            migrationBuilder.DropTable(
                name: "event_notices");

            migrationBuilder.DropTable(
                name: "event_rsvps");

            migrationBuilder.DropTable(
                name: "events");
        }
    }
}

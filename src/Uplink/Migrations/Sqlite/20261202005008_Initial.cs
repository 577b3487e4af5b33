using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uplink.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "members",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    telegram_user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    last_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    language_code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    photo_file_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    photo_file_unique_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    bio = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    referral_code = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    referrer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    public_fields = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_members_members_referrer_id",
                        column: x => x.referrer_id,
                        principalTable: "members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_members_referral_code",
                table: "members",
                column: "referral_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_members_referrer_id",
                table: "members",
                column: "referrer_id");

            migrationBuilder.CreateIndex(
                name: "ix_members_telegram_user_id",
                table: "members",
                column: "telegram_user_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "members");
        }
    }
}

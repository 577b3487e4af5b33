using Uplink.Infrastructure.Data;

namespace Uplink.Features.Members;

/// <summary>A member's own edits: the bio and which optional fields are public.</summary>
internal sealed class ProfileEditor(UplinkDbContext db, ProfileCache profiles, TimeProvider time)
{
    /// <summary>Checks an edit; the errors are keyed by field, as in a validation problem.</summary>
    public static Dictionary<string, string[]> Validate(UpdateProfileRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Bio is { } bio)
        {
            if (bio.Trim().Length > Member.MaxBioLength)
            {
                errors["bio"] = [$"The bio can be at most {Member.MaxBioLength} characters long."];
            }
            else if (bio.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                errors["bio"] = ["The bio cannot contain control characters."];
            }
        }

        return errors;
    }

    /// <summary>Applies a validated edit of the bio and of which fields are public.</summary>
    public async Task UpdateAsync(Member member, UpdateProfileRequest request, CancellationToken ct)
    {
        if (request.Bio is { } bio)
        {
            member.Bio = bio.Trim() is { Length: > 0 } trimmed ? trimmed.ReplaceLineEndings("\n") : null;
        }

        if (request.PublicFields is { } v)
        {
            member.PublicFields = Set(Set(Set(Set(Set(member.PublicFields,
                PublicFields.LastName, v.LastName), PublicFields.Username, v.Username), PublicFields.Bio, v.Bio), PublicFields.Photo, v.Photo),
                PublicFields.ReferralCount, v.ReferralCount);
        }

        member.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await profiles.InvalidateAsync(member);

        static PublicFields Set(PublicFields current, PublicFields field, bool? on) => on switch
        {
            true => current | field,
            false => current & ~field,
            null => current,
        };
    }
}

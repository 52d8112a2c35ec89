using AeThexLive.Identity.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Identity.Data.Configurations;

internal sealed class AddressLockConfiguration : IEntityTypeConfiguration<AddressLock>
{
    public void Configure(EntityTypeBuilder<AddressLock> addressLock)
    {
        addressLock.ToTable("sign_in_address_locks");
        addressLock.HasKey(l => new { l.UserId, l.Address });
        addressLock.Property(l => l.Address).HasMaxLength(64);
        addressLock.HasOne<User>().WithMany().HasForeignKey(l => l.UserId);
    }
}

internal sealed class KnownAddressConfiguration : IEntityTypeConfiguration<KnownAddress>
{
    public void Configure(EntityTypeBuilder<KnownAddress> known)
    {
        known.ToTable("known_sign_in_addresses");
        known.HasKey(k => new { k.UserId, k.Address });
        known.Property(k => k.Address).HasMaxLength(64);
        known.HasOne<User>().WithMany().HasForeignKey(k => k.UserId);
    }
}

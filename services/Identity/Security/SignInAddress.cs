using System.Net;

namespace AeThexLive.Identity.Security;

/// <summary>
/// The address a sign-in comes from, as the gateway saw it (its X-Forwarded-For, believed from
/// loopback only), normalised: an IPv6 client counts per /64, since one household or phone gets
/// a whole /64 and could otherwise walk through addresses.
/// </summary>
public static class SignInAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}

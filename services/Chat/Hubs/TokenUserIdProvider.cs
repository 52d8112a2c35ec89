using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.SignalR;

namespace AeThexLive.Chat.Hubs;

/// <summary>
/// A connection belongs to the user its token names (the <c>sub</c> claim; tokens keep their claim names
/// as issued, so SignalR's default, the name-identifier claim, would find nobody). This is what lets a
/// push reach every open connection of one user, on any replica, through the backplane.
/// </summary>
public sealed class TokenUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.UserIdOrNull()?.ToString();
}

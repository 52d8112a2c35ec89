namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// The class stops, kills or restarts part of the platform (a service, the broker, the mail server). Such classes run
/// first, one test at a time as every class here does; the browser suite starts after the last of them, beside the rest.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StopsServicesAttribute : Attribute;

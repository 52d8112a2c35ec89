using AeThexLive.StripeSandbox;

var app = SandboxHost.Build(args);
await app.RunAsync();

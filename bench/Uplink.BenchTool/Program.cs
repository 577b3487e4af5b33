using Uplink.BenchTool;

// Helpers for bench/run.sh. Each subcommand prints one line of results (or nothing) and exits.
return args switch
{
    ["seed", .. var rest] => await Seeder.RunAsync(Options.Parse(rest)),
    ["fakebot", .. var rest] => await FakeBot.RunAsync(rest),
    ["webhook", .. var rest] => await WebhookDriver.RunAsync(Options.Parse(rest)),
    ["codes", .. var rest] => await CodeDriver.RunAsync(Options.Parse(rest)),
    ["register", .. var rest] => await RegisterDriver.RunAsync(Options.Parse(rest)),
    ["mint", .. var rest] => await TokenMinter.RunAsync(Options.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Uplink.BenchTool seed|fakebot|register|mint|webhook|codes [--name value ...]");
    return 2;
}

namespace OpsCenter.Benchmarks.Embed;

/// <summary>The embeddable widgets' benchmarks (issue 8) and their bare ceiling, a child process.</summary>
internal static class EmbedVerbs
{
    public static async Task<int> RunAsync(string verb, IReadOnlyList<string> args)
    {
        if (args.Contains("--help"))
        {
            return Usage();
        }
        return verb switch
        {
            "embed-fanout" => await EmbedFanoutBenchmark.RunAsync(args),
            "embed-requests" => await EmbedRequestsBenchmark.RunAsync(args),
            "bare-embed" => await BareEmbedServer.RunAsync(args),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            Usage (ulimit -n 65536 first; on a shared machine: flock /tmp/opscenter-bench.lock ...):
              dotnet run -c Release --project tests/OpsCenter.Benchmarks -- embed-fanout
                  [--viewers 1000,5000,10000] [--rounds 1] [--seconds 15] [--warmup 3] [--output FILE] [--engine sqlite|postgres]
                  [--targets aggregator,bare] [--via direct|gateway] [--aggregator Live__PublishInterval=00:00:00.100,...]
              dotnet run -c Release --project tests/OpsCenter.Benchmarks -- embed-requests
                  [--connections 16,64] [--paths badge.svg,status.json] [--seconds 8] [--warmup 2] [--output FILE]
            """);
        return 2;
    }
}

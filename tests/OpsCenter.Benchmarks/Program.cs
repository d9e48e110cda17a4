using OpsCenter.Benchmarks;

// ingest: the whole benchmark; bare-server and bare-proxy: the ceilings, started by it as child processes.
return args switch
{
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(IngestSettings.Parse(rest)),
    ["bare-server", .. var rest] => await BareServer.RunAsync(rest),
    ["store", .. var rest] => await StoreBenchmark.RunAsync(rest is ["--seconds", var s] ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 5),
    ["bare-proxy", var port, var target] => await BareServer.RunProxyAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), target),
    ["embed-fanout" or "embed-requests" or "bare-embed", .. var rest] => await OpsCenter.Benchmarks.Embed.EmbedVerbs.RunAsync(args[0], rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project tests/OpsCenter.Benchmarks -- ingest
                 [--seconds N] [--warmup N] [--connections 16,64] [--engines sqlite,postgres]
                 [--kinds health,dossiers,backlog,index-scores,incidents] [--output docs/perf-results.md]
        """);
    return 2;
}

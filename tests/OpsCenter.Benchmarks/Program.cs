using OpsCenter.Benchmarks;

// ingest: the whole benchmark; bare-server and bare-proxy: the ceilings, started by it as child processes.
return args switch
{
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(IngestSettings.Parse(rest)),
    ["bare-server", .. var rest] => await BareServer.RunAsync(rest),
    ["store", .. var rest] => await StoreBenchmark.RunAsync(rest),
    ["bare-proxy", var port, var target] => await BareServer.RunProxyAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), target),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project tests/OpsCenter.Benchmarks -- ingest
                 [--seconds N] [--warmup N] [--connections 16,64] [--engines sqlite,postgres]
                 [--kinds health,dossiers,backlog,index-scores,incidents] [--output docs/perf-results.md]
               dotnet run -c Release --project tests/OpsCenter.Benchmarks -- store [--seconds N] [--engine sqlite|postgres] [--writers 1,16]
        """);
    return 2;
}

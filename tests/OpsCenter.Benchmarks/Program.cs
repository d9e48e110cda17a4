using OpsCenter.Benchmarks;

// ingest: the whole benchmark; bare-server and bare-proxy: the ceilings, started by it as child processes.
// live-latency, live-fanout, live-rebuild: the live state (issue 4); bare-hub: the fan-out ceiling, a child process.
// embed-fanout, embed-requests: the embeddable widgets (issue 8); bare-embed: their ceiling, a child process.
// alerts: from a rule's condition holding to the mail accepted by smtp4dev (issue 14), with a bare MailKit ceiling.
return args switch
{
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(IngestSettings.Parse(rest)),
    ["bare-server", .. var rest] => await BareServer.RunAsync(rest),
    ["store", .. var rest] => await StoreBenchmark.RunAsync(rest),
    ["bare-proxy", var port, var target] => await BareServer.RunProxyAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), target),
    ["live-latency", .. var rest] => await OpsCenter.Benchmarks.Live.LiveLatencyBenchmark.RunAsync(rest),
    ["live-fanout", .. var rest] => await OpsCenter.Benchmarks.Live.LiveFanoutBenchmark.RunAsync(rest),
    ["live-rebuild", .. var rest] => await OpsCenter.Benchmarks.Live.RebuildBenchmark.RunAsync(rest),
    ["bare-hub", .. var rest] => await OpsCenter.Benchmarks.Live.BareHub.RunAsync(rest),
    ["alerts", .. var rest] => await OpsCenter.Benchmarks.Alerts.AlertMailBenchmark.RunAsync(rest),
    ["embed-fanout" or "embed-requests" or "bare-embed", .. var rest] => await OpsCenter.Benchmarks.Embed.EmbedVerbs.RunAsync(args[0], rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project tests/OpsCenter.Benchmarks -- ingest
                 [--seconds N] [--warmup N] [--connections 16,64] [--engines sqlite,postgres]
                 [--kinds health,dossiers,backlog,index-scores,incidents] [--output docs/perf-results.md]
               ... -- live-latency [--rate 1000] [--batch 10] [--seconds 30] [--warmup 5] [--output FILE]
               ... -- live-fanout [--clients 1000,5000,10000] [--rounds 2] [--seconds 15] [--warmup 5] [--output FILE]   (open files limit above the largest N + 1000)
               ... -- live-rebuild [--events 1000000] [--tail 50000] [--catalogs hcmc,national] [--mix dossiers|health] [--process true] [--keep FOLDER] [--output FILE]
               dotnet run -c Release --project tests/OpsCenter.Benchmarks -- store [--seconds N] [--engine sqlite|postgres] [--writers 1,16]
               ... -- alerts [--group-wait 2] [--alerts 40] [--spacing S] [--rate 1000] [--storm true] [--bare 50] [--tick 00:00:05] [--output FILE]
               ... -- embed-fanout [--viewers 1000,5000,10000] [--via direct|gateway] ... | embed-requests [--connections 16,64] ...   (--help on each)
        """);
    return 2;
}

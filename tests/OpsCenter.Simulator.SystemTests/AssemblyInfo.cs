[assembly: AssemblyFixture(typeof(OpsCenter.Simulator.SystemTests.LiveCityFixture))]
[assembly: AssemblyFixture(typeof(OpsCenter.EndToEnd.Tests.BrowserFixture))]

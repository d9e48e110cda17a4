[assembly: AssemblyFixture(typeof(OpsCenter.Simulator.SystemTests.LiveCityFixture))]
[assembly: AssemblyFixture(typeof(OpsCenter.Tests.BrowserFixture))]

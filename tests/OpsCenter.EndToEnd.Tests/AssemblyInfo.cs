[assembly: AssemblyFixture(typeof(OpsCenter.Tests.CenterFixture))]
[assembly: AssemblyFixture(typeof(OpsCenter.Tests.BrowserFixture))]

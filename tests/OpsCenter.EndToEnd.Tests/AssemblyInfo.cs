[assembly: AssemblyFixture(typeof(OpsCenter.Testing.CenterFixture))]
[assembly: AssemblyFixture(typeof(OpsCenter.EndToEnd.Tests.BrowserFixture))]

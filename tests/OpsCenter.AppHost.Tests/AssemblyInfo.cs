[assembly: AssemblyFixture(typeof(OpsCenter.Tests.CenterFixture))]

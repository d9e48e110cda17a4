[assembly: AssemblyFixture(typeof(OpsCenter.Testing.CenterFixture))]

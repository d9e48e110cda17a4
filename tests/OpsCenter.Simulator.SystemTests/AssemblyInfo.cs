[assembly: AssemblyFixture(typeof(OpsCenter.Simulator.SystemTests.LiveCityFixture))]

using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Uplink.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Uplink.Benchmarks.CodeBenchmarks).Assembly).Run(args);

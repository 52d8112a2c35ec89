using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("AeThexLive.EndToEnd.Tests.OrderedTestFramework", "EndToEnd.Tests")]

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// xUnit's own framework, with the one collection's classes in an order that lets the browser suite overlap the others:
/// classes that stop services first, then <see cref="BrowserSuiteStartTests"/> (Playwright starts in the background),
/// then every other class, and <see cref="BrowserTests"/> last, waiting for Playwright's verdict. Within each group the
/// order is xUnit's.
/// </summary>
public sealed class OrderedTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        protected override async void RunTestCases(
            IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override Task<RunSummary> RunTestCollectionAsync(
            IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases,
            CancellationTokenSource cancellationTokenSource) =>
            base.RunTestCollectionAsync(messageBus, testCollection, testCases.OrderBy(Group).ToList(), cancellationTokenSource);

        private static int Group(IXunitTestCase testCase)
        {
            var testClass = testCase.TestMethod.TestClass.Class;
            if (testClass.GetCustomAttributes(typeof(StopsServicesAttribute)).Any()) return 0;
            if (testClass.Name == typeof(BrowserSuiteStartTests).FullName) return 1;
            return testClass.Name == typeof(BrowserTests).FullName ? 3 : 2;
        }
    }
}

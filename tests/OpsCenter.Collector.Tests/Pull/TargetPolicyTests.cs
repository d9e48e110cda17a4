using System.ComponentModel.DataAnnotations;
using System.Net;
using OpsCenter.Collector.Pull;

namespace OpsCenter.Collector.Tests.Pull;

public class TargetPolicyTests
{
    private static readonly TargetPolicy CityPolicy = new(["10.20.0.0/16", "192.168.1.10:8080", "[fd00::5]:443", "hotich.internal", "localhost:5090"]);

    [Theory]
    [InlineData("127.0.0.1", TargetRange.Loopback)]
    [InlineData("127.8.9.10", TargetRange.Loopback)]
    [InlineData("10.1.2.3", TargetRange.Private)]
    [InlineData("172.16.0.1", TargetRange.Private)]
    [InlineData("172.31.255.255", TargetRange.Private)]
    [InlineData("192.168.0.1", TargetRange.Private)]
    [InlineData("169.254.169.254", TargetRange.LinkLocal)]
    [InlineData("100.64.0.1", TargetRange.Shared)]
    [InlineData("100.127.255.255", TargetRange.Shared)]
    [InlineData("0.0.0.0", TargetRange.Unspecified)]
    [InlineData("224.0.0.1", TargetRange.Multicast)]
    [InlineData("255.255.255.255", TargetRange.Reserved)]
    [InlineData("::", TargetRange.Unspecified)]
    [InlineData("::1", TargetRange.Loopback)]
    [InlineData("fe80::1", TargetRange.LinkLocal)]
    [InlineData("fd12:3456::1", TargetRange.Private)]
    [InlineData("ff02::1", TargetRange.Multicast)]
    [InlineData("::ffff:10.0.0.1", TargetRange.Private)]
    [InlineData("64:ff9b::a9fe:a9fe", TargetRange.LinkLocal)]
    public void RangeOf_InternalAddress_IsNamed(string address, TargetRange range) =>
        Assert.Equal(range, TargetPolicy.RangeOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("203.113.131.1")]
    [InlineData("2001:4860:4860::8888")]
    public void Check_PublicAddress_IsAllowedWithoutAnyEntry(string address) =>
        Assert.Null(new TargetPolicy([]).Check("dichvucong.example.vn", 443, IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.20.3.4", 80, "10.20.3.4")]
    [InlineData("any.example", 443, "10.20.250.1")]
    [InlineData("192.168.1.10", 8080, "192.168.1.10")]
    [InlineData("fd00::5", 443, "fd00::5")]
    [InlineData("hotich.internal", 8443, "10.9.9.9")]
    [InlineData("HOTICH.Internal.", 80, "172.16.5.5")]
    [InlineData("localhost", 5090, "127.0.0.1")]
    [InlineData("localhost", 5090, "::1")]
    public void Check_InternalAddressOnTheAllowList_IsAllowed(string host, int port, string address) =>
        Assert.Null(CityPolicy.Check(host, port, IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.21.0.1", 80, "10.21.0.1", TargetRange.Private, null)]
    [InlineData("192.168.1.10", 8081, "192.168.1.10", TargetRange.Private, null)]
    [InlineData("fd00::5", 80, "fd00::5", TargetRange.Private, null)]
    [InlineData("localhost", 5091, "127.0.0.1", TargetRange.Loopback, "localhost")]
    [InlineData("rebound.example", 80, "169.254.169.254", TargetRange.LinkLocal, "rebound.example")]
    public void Check_InternalAddressNotOnTheAllowList_IsRefusedSayingWhat(string host, int port, string address, TargetRange range, string? named)
    {
        var refusal = CityPolicy.Check(host, port, IPAddress.Parse(address));

        Assert.Equal(new PollRefusal(address, range, named), refusal);
    }

    [Theory]
    [InlineData("ftp://hotich.example/health")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public void CheckUrl_NotHttp_IsRefused(string url) =>
        Assert.Equal(TargetRange.Scheme, TargetPolicy.CheckUrl(url, out _)?.Range);

    [Fact]
    public void Options_AllowListEntryThatIsNeitherRangeNorAddressNorHost_FailsValidation()
    {
        var options = new PullOptions();
        options.AllowedTargets.AddRange(["10.0.0.0/8", "10.0.0.1:0", "host:99999", "10.0.0.0/33", "two words", "localhost:5090", "[::1]:80"]);

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.Equal(
            ["10.0.0.1:0", "host:99999", "10.0.0.0/33", "two words"],
            errors.Select(e => e.ErrorMessage![1..e.ErrorMessage!.IndexOf("' is not", StringComparison.Ordinal)]));
    }
}

using QRCoder;

namespace Uplink.Features.Auth;

internal static class QrImages
{
    /// <summary>A PNG QR code of <paramref name="text"/>, with medium error correction (survives a worn screen).</summary>
    public static byte[] Png(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule: 8);
    }
}

package dev.harness.engine.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate (EC P-256) with its private key, written as PEM files: what {@code
 * harness serve --tls} serves, and what a client trusts with {@code --ca cert.pem}. Made with
 * BouncyCastle, since the JDK has no public API to issue a certificate.
 *
 * @param cert the certificate's PEM file
 * @param key the private key's PEM (PKCS#8) file
 */
public record SelfSignedCert(Path cert, Path key) {

  /**
   * A certificate for {@code names} (DNS names, or IP literals such as {@code 127.0.0.1}), valid
   * from a day ago for {@code valid}, written to {@code dir/cert.pem} and {@code dir/key.pem}.
   */
  public static SelfSignedCert write(Path dir, List<String> names, Duration valid) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = g.generateKeyPair();
      Instant now = Instant.now();
      Instant from = now.minus(Duration.ofDays(1));
      Instant to = now.plus(valid);
      X500Name subject = new X500Name("CN=" + names.get(0));
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()),
              Date.from(from),
              Date.from(to.isAfter(from) ? to : from.plusSeconds(1)),
              subject,
              pair.getPublic());
      GeneralName[] alt =
          names.stream()
              .map(
                  n ->
                      new GeneralName(
                          n.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName,
                          n))
              .toArray(GeneralName[]::new);
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt));
      // A CA as well, so the same file works as --ca for clients that want a CA certificate.
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      Files.createDirectories(dir);
      Path certFile = dir.resolve("cert.pem");
      Path keyFile = dir.resolve("key.pem");
      Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(
          keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
      return new SelfSignedCert(certFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the certificate to " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a self-signed certificate", e);
    }
  }

  /** A certificate for {@code localhost} and {@code 127.0.0.1}, valid for a year. */
  public static SelfSignedCert localhost(Path dir) {
    return write(dir, List.of("localhost", "127.0.0.1", "::1"), Duration.ofDays(365));
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}

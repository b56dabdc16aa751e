/**
 * Certificates made at run time for the self-hosted (HTTPS) emulator, one per TLS failure a
 * self-hosted PostHog can show: a self-signed certificate, a private CA (valid once its CA file is
 * trusted), an expired certificate and a certificate for another host name. Keys come from Node's
 * crypto (fast, native); node-forge builds and signs the X.509 certificates, which Node cannot do.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export type TlsScenario = 'private-ca' | 'self-signed' | 'expired' | 'wrong-host';

export interface TlsMaterial {
  scenario: TlsScenario;
  key: string;
  cert: string;
  /** The private CA's certificate (PEM): what a user would pick as "custom CA certificate". Null when self-signed. */
  ca: string | null;
}

const DAY_MS = 86_400_000;

function keyPair(): { privatePem: string; publicKey: forge.pki.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privatePem: privateKey, publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) };
}

function certificate(options: {
  subjectCN: string;
  publicKey: forge.pki.PublicKey;
  signer: forge.pki.rsa.PrivateKey;
  issuer: forge.pki.CertificateField[] | null;
  isCA: boolean;
  hosts: string[];
  notBefore: Date;
  notAfter: Date;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = options.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const subject: forge.pki.CertificateField[] = [
    { name: 'commonName', value: options.subjectCN },
    { name: 'organizationName', value: 'Sightline PostHog emulator' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ?? subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.isCA, critical: options.isCA }];
  if (options.isCA) {
    extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  } else {
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
    extensions.push({
      name: 'subjectAltName',
      altNames: options.hosts.map((host) => (/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(options.signer, forge.md.sha256.create());
  return cert;
}

export function createTlsMaterial(scenario: TlsScenario, now = Date.now()): TlsMaterial {
  const hosts = scenario === 'wrong-host' ? ['posthog.other.example'] : ['127.0.0.1', 'localhost'];
  const validFrom = new Date(now - DAY_MS);
  const validTo = new Date(now + 365 * DAY_MS);
  const leafKeys = keyPair();

  if (scenario === 'self-signed') {
    const cert = certificate({
      subjectCN: 'localhost',
      publicKey: leafKeys.publicKey,
      signer: leafKeys.privateKey,
      issuer: null,
      isCA: false,
      hosts,
      notBefore: validFrom,
      notAfter: validTo,
    });
    return { scenario, key: leafKeys.privatePem, cert: forge.pki.certificateToPem(cert), ca: null };
  }

  const caKeys = keyPair();
  const caCert = certificate({
    subjectCN: 'Sightline Emulator Test CA',
    publicKey: caKeys.publicKey,
    signer: caKeys.privateKey,
    issuer: null,
    isCA: true,
    hosts: [],
    notBefore: validFrom,
    notAfter: validTo,
  });
  const expired = scenario === 'expired';
  const leaf = certificate({
    subjectCN: hosts[0] ?? 'localhost',
    publicKey: leafKeys.publicKey,
    signer: caKeys.privateKey,
    issuer: caCert.subject.attributes,
    isCA: false,
    hosts,
    notBefore: expired ? new Date(now - 400 * DAY_MS) : validFrom,
    notAfter: expired ? new Date(now - 30 * DAY_MS) : validTo,
  });
  return { scenario, key: leafKeys.privatePem, cert: forge.pki.certificateToPem(leaf), ca: forge.pki.certificateToPem(caCert) };
}

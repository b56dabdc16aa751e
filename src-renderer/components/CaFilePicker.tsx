import { useId } from 'react';

export interface CaFile {
  pem: string;
  label: string;
}

/** Picks a private CA certificate (PEM) for a self-hosted PostHog. It is trusted for that host only. */
export function CaFilePicker(props: { value: CaFile | null; onChange: (file: CaFile | null) => void; onError: (message: string) => void }) {
  const id = useId();
  return (
    <div className="ca-picker">
      <label htmlFor={id}>Custom CA certificate (optional, for a private certificate authority)</label>
      <input
        id={id}
        type="file"
        accept=".pem,.crt,.cer"
        data-testid="ca-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file === undefined) return;
          if (file.size > 64 * 1024) {
            props.onError(`${file.name} is larger than a certificate can be (64 KiB).`);
            return;
          }
          void file.text().then((pem) => {
            if (!pem.includes('-----BEGIN CERTIFICATE-----')) props.onError(`${file.name} is not a PEM certificate (it has no -----BEGIN CERTIFICATE----- line).`);
            else props.onChange({ pem, label: file.name });
          });
        }}
      />
      {props.value !== null && (
        <p className="muted" data-testid="ca-chosen">
          Trusting {props.value.label} for this host.{' '}
          <button type="button" className="link-button" onClick={() => props.onChange(null)}>
            Remove
          </button>
        </p>
      )}
    </div>
  );
}

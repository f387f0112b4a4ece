// A new secret, shown once: a read-only field, a copy button and the warning. The value lives
// only in the state of the dialog that shows it, so it is gone when that dialog closes.
import { useId, useState } from 'react';

export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret">
      <p role="status" className="warning">
        This secret is shown once and cannot be read again. Copy it now and store it safely (a password manager or a CI secret).
      </p>
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} readOnly value={secret} className="mono" onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard.writeText(secret).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <div className="actions">
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

import type { ReactNode } from 'react';
import type { AppError } from '../../shared/contract';

/** A failure as the founder sees it: what happened, what to do about it, and the action that helps. */
export function ErrorNotice(props: { error: AppError; onRetry?: () => void; children?: ReactNode }) {
  const { error } = props;
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-code={error.code}>
      <strong>{error.message}</strong>
      {error.hint !== undefined && <p>{error.hint}</p>}
      {error.details?.missingScopes !== undefined && error.details.missingScopes.length > 0 && (
        <ul className="scope-list" data-testid="missing-scopes">
          {error.details.missingScopes.map((scope) => (
            <li key={scope}>
              <code>{scope}</code>
            </li>
          ))}
        </ul>
      )}
      {props.children}
      {props.onRetry !== undefined && (
        <button type="button" className="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

import type { AppError } from '../../shared/contract';

/** A failure as the founder sees it: what happened, and what to do about it. */
export function ErrorNotice(props: { error: AppError; onRetry?: () => void }) {
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-code={props.error.code}>
      <strong>{props.error.message}</strong>
      {props.error.hint !== undefined && <p>{props.error.hint}</p>}
      {props.onRetry !== undefined && (
        <button type="button" className="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

'use client';
/** A page's list could not be loaded: what, why in words, and a way to try again. */
import { errorMessage } from '../lib/errors';

interface LoadErrorProps {
  /** What failed, as the start of a sentence: "Your workflows", "The settings". */
  what: string;
  error: unknown;
  onRetry: () => unknown;
}

export function LoadError({ what, error, onRetry }: LoadErrorProps) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      {what} could not be loaded: {errorMessage(error)}{' '}
      <button type="button" className="underline" onClick={() => void onRetry()}>
        Try again
      </button>
    </div>
  );
}

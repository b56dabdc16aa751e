import type { ReactNode } from 'react';

export function EmptyState(props: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="empty-state" data-testid={props.testId}>
      <h2>{props.title}</h2>
      <div className="empty-state__body">{props.children}</div>
    </section>
  );
}

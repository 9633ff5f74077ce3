import { useEffect, useRef, type ReactNode } from "react";

let moveFocusOnNextHeading = false;

/** Called by in-app navigation so the next page's heading receives focus (not on first load). */
export function focusNextPageHeading(): void {
  moveFocusOnNextHeading = true;
}

/** The page's h1: sets the document title and takes focus after an in-app navigation. */
export function PageHeading({ title, children, dataCy }: { title: string; children?: ReactNode; dataCy?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title === "Journeyman" ? "Journeyman" : `${title} · Journeyman`;
  }, [title]);
  useEffect(() => {
    if (!moveFocusOnNextHeading) return;
    moveFocusOnNextHeading = false;
    heading.current?.focus();
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} className="page-heading" data-cy={dataCy}>
      {children ?? title}
    </h1>
  );
}

import Link from "next/link";
import type { PagerModel } from "./pager-model";

const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-900 hover:bg-slate-100";

/** "Showing 1–50 of 1,000" with Previous/Next links (plain links: each page has its own URL). */
export function ConnectionPager({ model, label }: { model: PagerModel; label: string }) {
  return (
    <nav aria-label={label} className="my-4 flex flex-wrap items-center gap-3 text-sm">
      <p data-testid="connections-range" className="mr-auto text-slate-700">
        {model.summary}
      </p>
      {model.previousHref ? (
        <Link href={model.previousHref} rel="prev" className={linkClass}>
          Previous<span className="sr-only"> connections</span>
        </Link>
      ) : null}
      {model.nextHref ? (
        <Link href={model.nextHref} rel="next" className={linkClass}>
          Next<span className="sr-only"> connections</span>
        </Link>
      ) : null}
    </nav>
  );
}

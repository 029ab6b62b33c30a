export function Progress({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div>
      <div className="mb-1 flex justify-between text-sm text-slate-700">
        <span>{label}</span>
        <span className="tabular-nums">{v}%</span>
      </div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={v} className="h-2.5 rounded-full bg-slate-200">
        <div className="h-2.5 rounded-full bg-teal-600 transition-[width]" style={{ width: `${v}%` }} />
      </div>
    </div>
  );
}

/** An on/off switch: role="switch", shows "On"/"Off" in words next to the track. */
interface SwitchProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  /** Hide the label visually (it is still read out); the words On/Off stay visible. */
  hideLabel?: boolean;
  disabled?: boolean;
  id?: string;
  /** Id of the element that explains what the switch does. */
  describedBy?: string;
}

export function Switch({ checked, onChange, label, hideLabel, disabled, id, describedBy }: SwitchProps) {
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={hideLabel ? label : undefined}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className="inline-flex items-center gap-2 rounded text-sm disabled:cursor-not-allowed disabled:opacity-50"
    >
      <span
        aria-hidden
        className={`relative inline-flex h-5 w-9 shrink-0 rounded-full border transition-colors ${checked ? 'border-indigo-600 bg-indigo-600' : 'border-slate-400 bg-slate-200'}`}
      >
        <span
          className={`absolute top-0.5 size-3.5 rounded-full bg-white shadow transition-transform ${checked ? 'translate-x-4' : 'translate-x-0.5'}`}
        />
      </span>
      {!hideLabel && <span className="text-slate-800">{label}</span>}
      <span className={`text-xs font-medium ${checked ? 'text-indigo-700' : 'text-slate-500'}`}>{checked ? 'On' : 'Off'}</span>
    </button>
  );
}

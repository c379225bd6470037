/** The reason HQ asks for before a change it keeps with who made it: 3 to 200 characters. */
export function ReasonInput({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label>
      {label}
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        minLength={3}
        maxLength={200}
        data-testid={testId}
      />
    </label>
  );
}

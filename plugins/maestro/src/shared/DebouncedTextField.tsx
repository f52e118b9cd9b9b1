import { ChangeEvent, useEffect, useRef, useState } from 'react';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';

/**
 * A text input that keeps what is typed to itself (so a keystroke re-renders only the input, not the page and
 * its table) and reports the trimmed value `delayMs` after the last keystroke.
 */
export function DebouncedTextField(
  props: Omit<TextFieldProps, 'value' | 'onChange' | 'defaultValue'> & {
    initialValue?: string;
    onValueChange: (value: string) => void;
    delayMs?: number;
  },
) {
  const { initialValue = '', onValueChange, delayMs = 300, ...rest } = props;
  const [value, setValue] = useState(initialValue);
  const reported = useRef(initialValue.trim());
  const callback = useRef(onValueChange);
  callback.current = onValueChange;

  useEffect(() => {
    const trimmed = value.trim();
    if (trimmed === reported.current) return undefined;
    const timer = setTimeout(() => {
      reported.current = trimmed;
      callback.current(trimmed);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);

  return (
    <TextField {...rest} value={value} onChange={(e: ChangeEvent<HTMLInputElement>) => setValue(e.target.value)} />
  );
}

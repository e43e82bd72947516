/**
 * The one place keyboard shortcuts are bound. Letters and symbols are matched by the key's position
 * (`event.code`: KeyN, KeyJ, Slash), not by the character it types: operators type Greek all day, and
 * on the Greek layout Alt+N arrives as Alt+ν, j as ξ and / as… whatever the layout puts there.
 * Named keys (Enter, arrows, Escape) are matched by name, so the numeric keypad's Enter counts too.
 */
import { useHotkeys, type HotkeyItem } from '@mantine/hooks';

export type Shortcut = [hotkey: string, handler: (event: KeyboardEvent) => void];

const NAMED = /^(enter|escape|esc|tab|space|backspace|delete|arrow\w+|home|end|pageup|pagedown)$/;

/** Whether a hotkey ("alt+N", "mod+Enter", "/") is matched by position rather than by name. */
export const byPosition = (hotkey: string): boolean => !NAMED.test(hotkey.toLowerCase().split('+').at(-1)!.trim());

/**
 * Binds shortcuts on the document. `inFields`: also while the focus is in an input or text area
 * (the console's Ctrl+Enter and Alt+N must work while typing; a list's j/k must not).
 */
export function useShortcuts(shortcuts: Shortcut[], { inFields = false }: { inFields?: boolean } = {}): void {
  const items: HotkeyItem[] = shortcuts.map(([hotkey, handler]) => [hotkey, handler, { usePhysicalKeys: byPosition(hotkey) }]);
  useHotkeys(items, inFields ? [] : ['INPUT', 'TEXTAREA', 'SELECT']);
}

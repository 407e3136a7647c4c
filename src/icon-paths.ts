// The icon files inside the extension, named in one place for the build (scripts/icons.ts draws
// them from public/icons/icon.svg) and for the background (the toolbar state switches them).

/** Every size the manifest declares. */
export const ICON_SIZES = [16, 32, 48, 128] as const;
/** The toolbar's sizes (1× and 2× screens): the only ones drawn in grey too. */
export const TOOLBAR_SIZES = [16, 32] as const;
export type IconSize = (typeof ICON_SIZES)[number];
/** on: the colour icon; off: grey, for a site the extension is not enabled on. */
export type IconVariant = 'on' | 'off';

/** Path inside the extension: icons/icon-16.png, icons/icon-off-16.png. */
export function iconPath(size: IconSize, variant: IconVariant = 'on'): string {
  return `icons/icon${variant === 'off' ? '-off' : ''}-${size}.png`;
}

import type { Diagnosis } from './doctor.ts';
import type { PageErrorCode } from './error-codes.ts';
import type { ExtensionPageRequest, ExtensionPageRequestType, SettingsFile } from './page-requests.ts';
import type {
  ActivityView,
  ForgetOutcome,
  ImportPreview,
  ImportResult,
  LocalDeviceView,
  RemoteDeviceView,
  SiteView,
} from './replies.ts';

/**
 * What each extension-page request is answered with. The router's handler table and the popup's
 * `ask` both read this map, so a handler that changes its reply breaks the popup's build; a request
 * kind missing here fails to compile in both.
 */
export interface PageReplyMap {
  'site.status': SiteView;
  'site.doctor': Diagnosis[];
  'site.enable': SiteView;
  'site.disable': SiteView;
  'site.setPolicy': SiteView;
  'site.setEndpoint': SiteView;
  'site.setTrustDays': SiteView;
  'sites.list': SiteView[];
  'vault.list': LocalDeviceView[];
  'vault.remove': undefined;
  'devices.list': RemoteDeviceView[];
  'devices.setRemembered': undefined;
  'devices.forget': undefined;
  'devices.forgetOthers': ForgetOutcome[];
  'activity.list': ActivityView[];
  'settings.export': SettingsFile;
  'settings.preview': ImportPreview;
  'settings.import': ImportResult;
}

/** Fails to compile while the map answers a request kind that no longer exists. */
type NoneLeft<T extends never> = T;
export type StaleReplyKinds = NoneLeft<Exclude<keyof PageReplyMap, ExtensionPageRequestType>>;

export type PageRequestOf<T extends ExtensionPageRequestType> = Extract<ExtensionPageRequest, { type: T }>;
export type PageReplyOf<T extends ExtensionPageRequestType> = PageReplyMap[T];

/** Every reply to an extension page: a result, or an error a person can read. */
export type PageReply<T> = { ok: true; value: T } | { ok: false; error: PageError };
export interface PageError {
  code: PageErrorCode;
  message: string;
}

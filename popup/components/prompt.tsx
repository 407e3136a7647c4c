import type { LocalDeviceView } from '../../src/messages/index.ts';
import { ask } from '../api.ts';
import { t } from '../i18n.ts';
import { ActionButton, ErrorNote, useAction } from './common.tsx';

/**
 * Opt-in pools with the policy "ask": the background keeps the device pending (the toolbar badge
 * counts them) until the person answers here. "No" stores not remembered.
 */
export function Prompts({ devices, onChanged }: { devices: LocalDeviceView[]; onChanged: () => void }) {
  const pending = devices.filter((d) => d.status === 'pending');
  if (pending.length === 0) return null;
  return (
    <div class="prompts">
      {pending.map((d) => (
        <Prompt key={`${d.poolId} ${d.username}`} device={d} onChanged={onChanged} />
      ))}
    </div>
  );
}

function Prompt({ device, onChanged }: { device: LocalDeviceView; onChanged: () => void }) {
  const action = useAction();
  const site = device.origin || device.poolId;
  const answer = (remembered: boolean) =>
    action.run(async () => {
      await ask({
        type: 'devices.setRemembered',
        origin: device.origin,
        poolId: device.poolId,
        username: device.username,
        deviceKey: device.deviceKey,
        remembered,
      });
      onChanged();
    });
  const id = `prompt-${device.deviceKey}`.replace(/[^\w-]/g, '_');
  return (
    <section class="prompt" aria-labelledby={id} data-testid="prompt">
      <p id={id}>
        <strong>{t('promptQuestion', device.username, site)}</strong>
      </p>
      <p class="muted small">{t('promptHint')}</p>
      <div class="row">
        {([true, false] as const).map((yes) => (
          <ActionButton
            key={yes ? 'yes' : 'no'}
            primary={yes}
            testid={yes ? 'prompt-yes' : 'prompt-no'}
            busy={action.busy}
            onClick={() => void answer(yes)}
          >
            {t(yes ? 'yes' : 'no')}
          </ActionButton>
        ))}
      </div>
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </section>
  );
}

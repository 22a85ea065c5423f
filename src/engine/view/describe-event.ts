// One line of plain English per trace event: the event list of a failing run, and the text
// alternative of the cluster pictures.
import type { TraceEvent } from '../sim/trace';

export function formatTime(ms: number): string {
  return `${(Math.round(ms * 10) / 10).toFixed(1)} ms`;
}

function body(b: Record<string, unknown>): string {
  return Object.entries(b)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

const DROP_REASONS: Record<string, string> = {
  loss: 'lost by the network',
  partition: 'blocked by the partition',
  'link-cut': 'blocked by a cut link',
  crashed: 'its target is down',
  restarted: 'its target restarted meanwhile',
};

export function describeEvent(e: TraceEvent): string {
  switch (e.type) {
    case 'send':
      return `${e.msg.from} sends ${e.msg.kind} #${e.msg.id} to ${e.msg.to} { ${body(e.msg.body)} }`;
    case 'deliver':
      return `${e.to} receives ${e.kind} #${e.msg} from ${e.from}`;
    case 'drop':
      return `${e.kind} #${e.msg} from ${e.from} to ${e.to} is dropped: ${DROP_REASONS[e.reason] ?? e.reason}`;
    case 'duplicate':
      return `the network duplicates message #${e.msg} (${e.from} to ${e.to})`;
    case 'buffer':
      return `message #${e.msg} waits in ${e.to}'s buffer: ${e.to} is paused`;
    case 'timer-set':
      return `${e.node} sets ${e.repeat ? 'an interval' : 'a timer'} #${e.timer} of ${formatTime(e.delay)}`;
    case 'timer-clear':
      return `${e.node} clears timer #${e.timer}`;
    case 'timer-fire':
      return `${e.node}'s timer #${e.timer} fires`;
    case 'state':
      return `${e.node} becomes ${e.to} (was ${e.from}) in term ${e.term}`;
    case 'term':
      return `${e.node}'s term goes from ${e.from} to ${e.to}`;
    case 'vote':
      return `${e.node} votes for ${e.for} in term ${e.term}`;
    case 'persist':
      return `${e.node} persists { currentTerm: ${e.state.currentTerm}, votedFor: ${JSON.stringify(e.state.votedFor)} }`;
    case 'crash':
      return `${e.node} crashes`;
    case 'restart':
      return `${e.node} restarts from stable storage`;
    case 'boot':
      return `${e.node} starts as ${e.state} in term ${e.term}${e.votedFor ? `, having voted for ${e.votedFor}` : ''}`;
    case 'pause':
      return `${e.node} freezes (a long pause: its clock and timers stop)`;
    case 'resume':
      return `${e.node} resumes`;
    case 'partition':
      return `the network splits into ${e.groups.map((g) => `{${g.join(', ')}}`).join(' and ')}`;
    case 'cut':
      return `the link from ${e.from} to ${e.to} is cut (one way)`;
    case 'heal':
      return 'the network heals';
    case 'log':
      return e.text;
    case 'violation':
      return `RULE BROKEN (${e.rule}): ${e.message}`;
  }
}

// The conformance pools' CUSTOM_AUTH triggers, as one Lambda module handling the three custom-auth
// events (AWS developer guide, "Custom authentication challenge Lambda triggers"): with SRP the
// password comes first (SRP_A → PASSWORD_VERIFIER), then one CUSTOM_CHALLENGE whose answer the runner
// knows, then tokens. Any failed step fails the sign-in.
import { CUSTOM_CHALLENGE_ANSWER } from '../matrix.ts';

interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
}

interface CustomAuthEvent {
  triggerSource: string;
  request: {
    session?: ChallengeResult[];
    challengeName?: string;
    challengeAnswer?: string;
    privateChallengeParameters?: Record<string, string>;
  };
  response: Record<string, unknown>;
}

function define(event: CustomAuthEvent): void {
  const session = event.request.session ?? [];
  const last = session.at(-1);
  if (last && !last.challengeResult) {
    Object.assign(event.response, { issueTokens: false, failAuthentication: true });
  } else if (last?.challengeName === 'SRP_A') {
    Object.assign(event.response, {
      challengeName: 'PASSWORD_VERIFIER',
      issueTokens: false,
      failAuthentication: false,
    });
  } else if (last?.challengeName === 'CUSTOM_CHALLENGE') {
    Object.assign(event.response, { issueTokens: true, failAuthentication: false });
  } else {
    Object.assign(event.response, {
      challengeName: 'CUSTOM_CHALLENGE',
      issueTokens: false,
      failAuthentication: false,
    });
  }
}

export function handler(event: CustomAuthEvent): CustomAuthEvent {
  switch (event.triggerSource) {
    case 'DefineAuthChallenge_Authentication':
      define(event);
      break;
    case 'CreateAuthChallenge_Authentication':
      event.response.publicChallengeParameters = { question: 'What is the conformance answer?' };
      event.response.privateChallengeParameters = { answer: CUSTOM_CHALLENGE_ANSWER };
      event.response.challengeMetadata = 'CONFORMANCE_QUESTION';
      break;
    case 'VerifyAuthChallengeResponse_Authentication':
      event.response.answerCorrect =
        event.request.challengeAnswer === event.request.privateChallengeParameters?.answer;
      break;
  }
  return event;
}

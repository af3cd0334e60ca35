import * as assert from 'node:assert/strict';
import {
  answeredOptions, answersToRemember, OptionLayers, optionQuestions, rememberedAnswers, resolveGenerateOptions,
} from '../../../src/core/generate/generateRequest';

// Which option wins: given for the run (CLI flag, command argument) > remembered answer > setting > default.

describe('generate options: precedence', () => {
  const table: ReadonlyArray<{ name: string; layers: OptionLayers; expected: ReturnType<typeof resolveGenerateOptions> }> = [
    { name: 'nothing said: the defaults', layers: {}, expected: { variant: 'default', https: false, source: 'default' } },
    { name: 'the setting beats the default', layers: { setting: { variant: 'ubuntu' } }, expected: { variant: 'ubuntu', https: false, source: 'setting' } },
    {
      name: 'a remembered answer beats the setting',
      layers: { remembered: { variant: 'alpine', https: true }, setting: { variant: 'ubuntu' } },
      expected: { variant: 'alpine', https: true, source: 'remembered' },
    },
    {
      name: 'a flag beats a remembered answer and the setting',
      layers: { given: { variant: 'chiseled' }, remembered: { variant: 'alpine' }, setting: { variant: 'ubuntu' } },
      expected: { variant: 'chiseled', https: false, source: 'argument' },
    },
    {
      name: 'each option on its own: the flag gives the variant, the remembered answer HTTPS',
      layers: { given: { variant: 'chiseled' }, remembered: { variant: 'alpine', https: true }, setting: { variant: 'ubuntu' } },
      expected: { variant: 'chiseled', https: true, source: 'argument' },
    },
    {
      name: 'a flag that turns HTTPS off beats a remembered on; the variant falls through to the remembered one',
      layers: { given: { https: false }, remembered: { variant: 'alpine', https: true }, setting: { variant: 'ubuntu' } },
      expected: { variant: 'alpine', https: false, source: 'argument' },
    },
    {
      name: 'only HTTPS remembered: the variant comes from the setting',
      layers: { remembered: { https: true }, setting: { variant: 'azurelinux' } },
      expected: { variant: 'azurelinux', https: true, source: 'remembered' },
    },
    { name: 'a flag alone, nothing else', layers: { given: { variant: 'debian', https: true } }, expected: { variant: 'debian', https: true, source: 'argument' } },
  ];
  for (const row of table) {
    it(row.name, () => assert.deepEqual(resolveGenerateOptions(row.layers), row.expected));
  }

  it('remembered answers of another shape or version count only where they are valid', () => {
    assert.deepEqual(rememberedAnswers(undefined), {});
    assert.deepEqual(rememberedAnswers('alpine'), {});
    assert.deepEqual(rememberedAnswers({ variant: 'gentoo', https: 'yes' }), {});
    assert.deepEqual(rememberedAnswers({ variant: 'alpine', https: true, extra: 1 }), { variant: 'alpine', https: true });
  });
});

describe('generate options: what "with Options…" asks', () => {
  it('offers the remembered answer first, else the setting, else the default', () => {
    assert.deepEqual(optionQuestions({ remembered: { variant: 'alpine', https: true }, setting: { variant: 'ubuntu' } }, 'web'), { variant: { current: 'alpine' }, https: { current: true } });
    assert.deepEqual(optionQuestions({ setting: { variant: 'ubuntu' } }, 'web'), { variant: { current: 'ubuntu' }, https: { current: false } });
    assert.deepEqual(optionQuestions({}, undefined), { variant: { current: 'default' }, https: { current: false } });
  });

  it('does not ask what was given, nor HTTPS for an app that serves no HTTP', () => {
    assert.deepEqual(optionQuestions({ given: { variant: 'debian', https: true } }, 'web'), {});
    for (const kind of ['console', 'worker', 'library'] as const) assert.deepEqual(optionQuestions({}, kind), { variant: { current: 'default' } });
  });

  it('answers fill what was not given; an unasked HTTPS is off; only answers are remembered', () => {
    const layers: OptionLayers = { given: { https: true }, remembered: { variant: 'alpine', https: false } };
    const chosen = answeredOptions(layers, { variant: 'chiseled' });
    assert.deepEqual(chosen, { variant: 'chiseled', https: true, source: 'asked' });
    assert.deepEqual(answersToRemember(chosen), { variant: 'chiseled', https: true });
    assert.deepEqual(answeredOptions({ remembered: { https: true } }, { variant: 'debian' }), { variant: 'debian', https: false, source: 'asked' });
    assert.equal(answersToRemember(resolveGenerateOptions(layers)), undefined);
  });
});

import { execFormVariable } from '../../../../src/core/lint/rules/execFormVariable';
import { fixTable, ruleTable } from '../../../support/lintTable';

const image = (tag = '10.0') => `FROM mcr.microsoft.com/dotnet/aspnet:${tag}\nWORKDIR /app\n`;

describe('rule dockerfile/exec-form-variable', function () {
  ruleTable(execFormVariable, [
    { name: 'a variable in exec-form ENTRYPOINT', dockerfile: `${image()}ENV PORT=5000\nENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:$PORT"]\n`, expect: ['4:44-4:60'], message: ['$PORT in exec-form ENTRYPOINT is never expanded', 'gets the text "http://+:$PORT"'] },
    { name: '${VAR} in CMD, one finding for two variables', dockerfile: `${image()}CMD ["dotnet", "\${APP}.dll", "$MODE"]\n`, expect: ['3:16-3:28'], message: ['$APP, $MODE'] },
    { name: 'shell form expands it', dockerfile: `${image()}ENV PORT=5000\nCMD dotnet App.dll --urls http://+:$PORT\n`, expect: [] },
    { name: 'sh -c in exec form expands it', dockerfile: `${image()}CMD ["/bin/sh", "-c", "exec dotnet App.dll --urls http://+:$PORT"]\n`, expect: [] },
    { name: 'no variable', dockerfile: `${image()}ENTRYPOINT ["dotnet", "App.dll"]\n`, expect: [] },
    { name: 'awk\'s $1 is not a variable', dockerfile: `${image()}CMD ["awk", "{print $1}", "/etc/hosts"]\n`, expect: [] },
    { name: 'RUN is not this rule\'s', dockerfile: `${image()}RUN ["echo", "$HOME"]\n`, expect: [] },
  ]);

  fixTable(execFormVariable, [
    {
      name: 'an ENV with a literal value is written in',
      dockerfile: `${image()}ENV PORT=5000\nENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:$PORT"]\n`,
      fix: 'Write the ENV value of $PORT',
      expected: `${image()}ENV PORT=5000\nENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:5000"]\n`,
    },
    {
      name: 'an ARG default is written in',
      dockerfile: `${image()}ARG APP=Shop.Web\nENTRYPOINT ["dotnet", "\${APP}.dll"]\n`,
      fix: 'Write the ARG value of $APP',
      expected: `${image()}ARG APP=Shop.Web\nENTRYPOINT ["dotnet", "Shop.Web.dll"]\n`,
    },
    {
      name: 'a variable the image sets at run time: through /bin/sh, CMD passed on',
      dockerfile: `${image()}ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:$PORT"]\n`,
      fix: 'Let /bin/sh expand $PORT',
      expected: `${image()}ENTRYPOINT ["/bin/sh", "-c", "exec dotnet App.dll --urls \\"http://+:$PORT\\" \\"$@\\"", "sh"]\n`,
    },
    {
      name: 'a CMD alone through /bin/sh',
      dockerfile: `${image()}CMD ["dotnet", "App.dll", "--environment", "$ENVIRONMENT"]\n`,
      fix: 'Let /bin/sh expand $ENVIRONMENT',
      expected: `${image()}CMD ["/bin/sh", "-c", "exec dotnet App.dll --environment \\"$ENVIRONMENT\\""]\n`,
    },
  ]);

  describe('no shell fix where there is no shell', function () {
    ruleTable(execFormVariable, [
      { name: 'chiseled image: reported, the shell fix not offered', dockerfile: `${image('10.0-noble-chiseled')}ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:$PORT"]\n`, expect: ['3:44-3:60'], message: ['have the app read the variable'] },
    ]);
  });
});

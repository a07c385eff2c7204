#!/usr/bin/env python3
"""Renders the chat-template constants of rescorer's ChatTemplateTest with Python's Jinja2, set up as
transformers sets it up for apply_chat_template (sandboxed environment, trim_blocks, lstrip_blocks, loop
controls, raise_exception, tojson, strftime_now), and prints each render, so the test's hand-written expected
strings can be compared with what Jinja2 itself writes. Needs only jinja2 (pip install jinja2).

Usage: bin/render-chat-templates.py [rescorer/src/test/java/org/llmrerank/rescorer/llm/ChatTemplateTest.java]
"""
import re, sys, json
from datetime import datetime
import jinja2, jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.exceptions import TemplateError

src = open(sys.argv[1] if len(sys.argv) > 1 else 'rescorer/src/test/java/org/llmrerank/rescorer/llm/ChatTemplateTest.java').read()

def java_unescape(s):
    out=[];i=0
    while i < len(s):
        c=s[i]
        if c=='\\':
            n=s[i+1]
            if n=='\n': i+=2; continue
            out.append({'n':'\n','t':'\t','"':'"',"'":"'",'\\':'\\','s':' '}[n]); i+=2
        else:
            out.append(c); i+=1
    return ''.join(out)

def text_block(body):
    # body: everything after the opening """ line up to the closing """
    lines = body.split('\n')
    # last line is the indentation before closing """
    indents=[len(l)-len(l.lstrip(' ')) for l in lines if l.strip()] + [len(lines[-1])]
    m=min(indents)
    lines=[l[m:].rstrip(' ') for l in lines]
    return java_unescape('\n'.join(lines))

consts={}
for m in re.finditer(r'static final String (\w+) = ', src):
    name=m.group(1); i=m.end(); parts=[]
    while True:
        while src[i] in ' \n+': i+=1
        if src.startswith('"""', i):
            j=src.index('\n', i)+1; k=src.index('"""', j)
            parts.append(text_block(src[j:k])); i=k+3
        elif src[i]=='"':
            j=i+1
            while src[j]!='"':
                j+= 2 if src[j]=='\\' else 1
            parts.append(java_unescape(src[i+1:j])); i=j+1
        else:
            break
    consts[name]=''.join(parts)

def raise_exception(message): raise TemplateError(message)
def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)
env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
env.filters['tojson']=tojson
env.globals['raise_exception']=raise_exception
env.globals['strftime_now']=lambda f: datetime.now().strftime(f)

SYSTEM_USER=[{'role':'system','content':'You are a helpful assistant.'},{'role':'user','content':'Hello!'}]
USER=[{'role':'user','content':'Hello!'}]
MULTI=[{'role':'user','content':'Hi'},{'role':'assistant','content':'Hello.'},{'role':'user','content':'Rank these.'}]
TOK={'QWEN25':{'eos_token':'<|im_end|>','pad_token':'<|endoftext|>'},'QWEN3':{'eos_token':'<|im_end|>','pad_token':'<|endoftext|>'},
     'LLAMA3':{'bos_token':'<|begin_of_text|>','eos_token':'<|eot_id|>'},'LLAMA31':{'bos_token':'<|begin_of_text|>','eos_token':'<|eot_id|>'},
     'ZEPHYR':{'bos_token':'<s>','eos_token':'</s>'}}
for name,t in consts.items():
    tok=TOK.get(name,{'bos_token':'<s>','eos_token':'</s>','unk_token':'<unk>'})
    tpl=env.from_string(t)
    for label,msgs,gen,extra in [('SYSTEM_USER',SYSTEM_USER,True,{}),('USER',USER,True,{}),('MULTI',MULTI,False,{}),
                                  ('USER no-think',USER,True,{'enable_thinking':False}),
                                  ('think',[{'role':'user','content':'Hi'},{'role':'assistant','content':'<think>\nhmm\n</think>\n\nHello.'}],False,{})]:
        try:
            out=tpl.render(messages=msgs,tools=None,documents=None,add_generation_prompt=gen,**tok,**extra)
        except TemplateError as e:
            out='RAISE: '+str(e)
        print(f'{name:18} {label:14} {out!r}')

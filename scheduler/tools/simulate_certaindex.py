# Offline calibration of the certaindex policies on DL19 (EXTRAPOLATION of Dynasor, certaindex carried over to reranking: our extension, not in the Dynasor paper): reads the per-passage
# scores of bge-small and all-minilm-l6-v2 written by the opt-in harvest
#   mvn -o -q -pl scheduler -am test -Dtest=Dl19ScoresHarvest -Dsurefire.failIfNoSpecifiedTests=false -Dharvest=true
# and prints mean NDCG@10 and relative cost (1 = bge-small over the whole BM25 top-100) per policy.
# usage: python3 scheduler/tools/simulate_certaindex.py [scores.tsv] [qrels]
import math, collections, sys
rows=collections.defaultdict(list)
for line in open(sys.argv[1] if len(sys.argv) > 1 else 'scheduler/target/dl19-scores.tsv'):
    f=line.rstrip('\n').split('\t')
    if f[0].startswith('#'): continue
    rows[f[0]].append((int(f[1]),f[2],float(f[3]),float(f[4])))
qrels=collections.defaultdict(dict)
for line in open(sys.argv[2] if len(sys.argv) > 2 else '../shared/data/trec-dl/qrels.dl19-passage.txt'):
    f=line.split()
    if len(f)==4: qrels[f[0]][f[2]]=int(f[3])
def ndcg(rank,g):
    dcg=sum(g.get(d,0)/math.log2(i+2) for i,d in enumerate(rank[:10]))
    ideal=sorted([v for v in g.values() if v>0],reverse=True)[:10]
    idcg=sum(v/math.log2(i+2) for i,v in enumerate(ideal))
    return dcg/idcg if idcg else 0
def order(items,key):  # items list of (pos,doc,...) ; sort desc by key, ties pos
    return [x[1] for x in sorted(items,key=lambda x:(-key(x),x[0]))]
qs=sorted(rows)
print('queries',len(qs))
def evalp(fn):
    n=0;c=0
    for q in qs:
        r,cost=fn(rows[q]); n+=ndcg(r,qrels[q]); c+=cost
    return n/len(qs), c/len(qs)
print('bm25', evalp(lambda R:([x[1] for x in R],0)))
print('bge', evalp(lambda R:(order(R,lambda x:x[2]),1)))
print('mini', evalp(lambda R:(order(R,lambda x:x[3]),0.5)))
for m in (20,30,40,50,60,70,80):
    print('bge top',m, evalp(lambda R:(order(R[:m],lambda x:x[2])+[x[1] for x in R[m:]],m/100)))
def adaptive(R,c,w,k=10,first=20):
    m=first
    top=None; stable=0
    while True:
        cur=order(R[:m],lambda x:x[2])[:k]
        if top is not None and set(cur)==set(top): stable+=1
        else: stable=0
        top=cur
        if stable>=w or m>=len(R): break
        m=min(len(R),m+c)
    return order(R[:m],lambda x:x[2])+[x[1] for x in R[m:]], m/100
for first in (10,20,30):
  for c in (10,20):
    for w in (1,2):
        print('adaptive first',first,'chunk',c,'w',w, evalp(lambda R:adaptive(R,c,w,first=first)))
def margin(R,key,k=10):
    s=sorted([key(x) for x in R],reverse=True)
    rng=s[0]-s[-1]
    return (s[k-1]-s[k])/rng if rng else 0
def cascade_top(R,m):
    mo=sorted(R,key=lambda x:(-x[3],x[0]))
    head=mo[:m]
    return order(head,lambda x:x[2])+[x[1] for x in mo[m:]], 0.5+m/100
for m in (10,20,30,40):
    print('mini then bge on mini top',m, evalp(lambda R:cascade_top(R,m)))
# gate on margin
for tau in (0.02,0.05,0.1,0.15,0.2):
    def g(R):
        if margin(R,lambda x:x[3])>=tau: return order(R,lambda x:x[3]),0.5
        return order(R,lambda x:x[2]),1.5
    print('gate mini margin',tau, evalp(g), sum(margin(rows[q],lambda x:x[3])>=tau for q in qs))

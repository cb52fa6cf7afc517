// Row 4's floor in C (bench/floor/run.sh). The system libsqlite3 may predate ORDER BY inside group_concat (3.44), so
// the query here leaves it out: the rows come in the same rowid order, the cost is the same.
// The same work in C: stat every *.sql name in the folder (fstatat on the folder's fd), then the history query.
#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e3+t.tv_nsec/1e6;}
int main(int argc,char**argv){
  double t0=now();
  DIR*d=opendir(argv[2]);int fd=dirfd(d);struct dirent*e;long n=0,sum=0;struct stat st;
  while((e=readdir(d))){size_t l=strlen(e->d_name);if(l>4&&!strcmp(e->d_name+l-4,".sql")){if(fstatat(fd,e->d_name,&st,0)==0){n++;sum+=st.st_size+st.st_ctim.tv_nsec;}}}
  double t1=now();
  sqlite3*db;sqlite3_open_v2(argv[1],&db,SQLITE_OPEN_READONLY,0);sqlite3_stmt*s;
  const char*q="SELECT coalesce(group_concat(ifnull(length(version), -1) || ':' || ifnull(version, '') || ifnull(length(checksum), -1) || ':' || ifnull(checksum, '') || ifnull(length(kind), -1) || ':' || ifnull(kind, ''), ''), '') FROM schemagate_history";
  double t2=now();
  if(sqlite3_prepare_v2(db,q,-1,&s,0)!=SQLITE_OK){printf("prepare: %s\n",sqlite3_errmsg(db));return 1;}
  double t3=now();
  sqlite3_step(s);int bytes=sqlite3_column_bytes(s,0);
  double t4=now();
  printf("C: stat %ld files %.1f ms; open %.1f; prepare (schema load) %.1f; step %.1f; total %.1f ms (%d bytes)\n",n,t1-t0,t2-t1,t3-t2,t4-t3,t4-t0,bytes);
  return 0;}
